" Aurora configs indent as Python does.
if exists('b:did_indent')
  finish
endif
runtime! indent/python.vim
