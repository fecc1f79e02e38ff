" SPDX-License-Identifier: MIT
" Vim syntax file
" Language:	flushcheck policy (.pol): a kernel's cache and TLB API,
"		docs/policies.md
" Installed by `make install` under share/vim/vimfiles/syntax.

if exists("b:current_syntax")
  finish
endif

syn case match
syn iskeyword @,48-57,_

syn match   flushComment	"\(#\|//\).*$" contains=flushTodo,@Spell
syn keyword flushTodo		contained TODO FIXME XXX NOTE
syn region  flushString		start=+"+ end=+"+ oneline contains=@Spell
syn match   flushNumber		"\<\d\+[KM]\=\>"
syn match   flushNumber		"\<0[xX]\x\+[KM]\=\>"

" the file's header and declarations
syn match   flushPolHeader	"^\s*\(POLICY\|KERNEL\)\>"
syn match   flushPolDecl	"^\s*\(base\|flag\|cpumask\|mmflag\)\>"
syn keyword flushPolDecl	ordered

" control flow (no step of its own) and the calls that run elsewhere
syn keyword flushControl	if else for in return
syn keyword flushIpi		on_each_cpu on_each_cpu_mask smp_call_function
syn keyword flushIpi		smp_call_function_many

" the model's ops, one step each (src/model/ops.h); .local on maintenance
syn match   flushOp		"\<\(dc\.clean\.all\|dc\.flush\.all\|ic\.inv\.all\|dc\.clean\|dc\.inv\|dc\.flush\|ic\.inv\|fence\.i\|dsb\.st\|pte\.set\|pte\.clear\|pte\.flushonly\|dma\.write\|dma\.read\)\(\.local\)\=\>"
syn keyword flushOp		st ld exec copy dsb isb set clear test_and_set
syn keyword flushOp		wait lock unlock local_irq_disable local_irq_enable
syn keyword flushOp		cpumask_set_cpu cpumask_clear_cpu cpumask_setall
syn keyword flushOp		preempt_point set_cpu_online synchronize_rcu rcu_qs
syn keyword flushOp		rcu_eqs_enter rcu_eqs_exit cpumask_test_and_clear_cpu

" terms of conditions and mappings (docs/policies.md, Conditions)
syn keyword flushBuiltin	mapped present flushonly page kaddr alias users mm
syn keyword flushBuiltin	current_mm mm_cpumask migrated lazy_mm
syn keyword flushBuiltin	dcache_aliases icache_aliases maint_broadcast idc dic
syn keyword flushConstant	to_device from_device bidirectional

" a function's definition: a name at the start of a line, then '('
syn match   flushFunction	"^\h\w*\ze\s*("

hi def link flushComment	Comment
hi def link flushTodo		Todo
hi def link flushString		String
hi def link flushNumber		Number
hi def link flushPolHeader	PreProc
hi def link flushPolDecl	StorageClass
hi def link flushControl	Conditional
hi def link flushIpi		Repeat
hi def link flushOp		Statement
hi def link flushBuiltin	Identifier
hi def link flushConstant	Constant
hi def link flushFunction	Function

let b:current_syntax = "flushpol"
