" SPDX-License-Identifier: MIT
" Vim syntax file
" Language:	flushcheck scenario (.flush): a race as CPU columns,
"		docs/scenarios.md
" Installed by `make install` under share/vim/vimfiles/syntax.

if exists("b:current_syntax")
  finish
endif

" the statements and terms are those of policies
runtime! syntax/flushpol.vim
unlet b:current_syntax

" header, settings, declarations
syn match   flushHeader		"^\s*FLUSH\>"
syn match   flushSetting	"^\s*\h\w*\ze\s*=[^=]"
syn keyword flushDecl		kernel user thread cpu cpus offline absent
syn match   flushDecl		"^\s*page\>"

" the thread table: columns P0 | P1 ;, registers
syn match   flushThread		"\<P\d\+\(\.F\)\=\>"
syn match   flushRegister	"\<r\d\+\>"
syn match   flushDelimiter	"[|;]"

" the condition and the footer
syn match   flushCond		"\(\~\|\<bug\s\+\)\=\<exists\>"
syn keyword flushCond		forall true false
syn match   flushCondOp		"/\\\|\\/"
" an expect or check line: its verdict words only there (fault(U) is a call)
syn match   flushFooterLine	"^\s*\(expect\|check\)\>.*$" contains=flushFooter,flushVerdict,flushObservation,flushComment
syn match   flushFooter		contained "^\s*\(expect\|check\)\>"
syn match   flushVerdict	contained "\<\(ok\|none\|stale-fetch\|stale-load\|lost-write\|stale-dma\|fault\|deadlock\|bad-outcome\|FAILED\)\>"
syn keyword flushObservation	contained Sometimes Never Always

hi def link flushHeader		PreProc
hi def link flushSetting	Identifier
hi def link flushDecl		StorageClass
hi def link flushThread		Label
hi def link flushRegister	Special
hi def link flushDelimiter	Delimiter
hi def link flushCond		Keyword
hi def link flushCondOp		Operator
hi def link flushFooter		Keyword
hi def link flushVerdict	Type
hi def link flushObservation	Type

let b:current_syntax = "flush"
