" Aurora configs are Python: reuse Python's indentation, comments and text settings.
if exists('b:did_ftplugin')
  finish
endif
runtime! ftplugin/python.vim
" python.vim sets b:did_ftplugin; Aurora files are indented with two spaces by convention.
setlocal expandtab shiftwidth=2 softtabstop=2 commentstring=#\ %s
