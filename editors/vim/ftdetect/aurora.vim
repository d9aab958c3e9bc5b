" Apache Aurora job configurations: Python syntax with Pystachio {{mustache}} templates.
autocmd BufNewFile,BufRead *.aurora,*.aur setfiletype aurora
