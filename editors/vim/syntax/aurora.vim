" Aurora configs: Python syntax, plus {{mustache}} references inside strings and the
" Aurora/Thermos schema names.
if exists('b:current_syntax')
  finish
endif
runtime! syntax/python.vim
unlet! b:current_syntax

syntax match auroraMustache /{{[^{}'"]\{-}}}/ contained containedin=pythonString,pythonRawString
syntax keyword auroraSchema Job Service MesosJob Task Process Resources SequentialTask SimpleTask
syntax keyword auroraSchema Announcer HealthCheckConfig HealthCheckerConfig HttpHealthChecker
syntax keyword auroraSchema ShellHealthChecker UpdateConfig Constraint Container Docker DockerImage
syntax keyword auroraSchema AppcImage Mesos Parameter Metadata Volume Mode Logger RotatePolicy
syntax keyword auroraSchema LifecycleConfig HttpLifecycleConfig PartitionPolicy
syntax keyword auroraSchema Struct Required Default Empty String Integer Float Boolean List Map Choice Enum
syntax keyword auroraConstant BYTES KB MB GB TB DefaultHealthChecker DefaultLifecycleConfig
syntax keyword auroraFunction include order

highlight default link auroraMustache Special
highlight default link auroraSchema Type
highlight default link auroraConstant Constant
highlight default link auroraFunction Function

let b:current_syntax = 'aurora'
