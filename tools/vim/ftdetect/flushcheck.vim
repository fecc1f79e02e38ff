" SPDX-License-Identifier: MIT
" flushcheck's files: scenarios (.flush) and policies (.pol).  A .pol file
" is taken as flushcheck's if no other plugin has claimed it.
autocmd BufRead,BufNewFile *.flush setfiletype flush
autocmd BufRead,BufNewFile *.pol setfiletype flushpol
