;;; aurora-mode.el --- Apache Aurora job configurations  -*- lexical-binding: t; -*-

;; Licensed under the Apache License, Version 2.0.
;; Keywords: languages
;; Package-Requires: ((emacs "27.1"))

;;; Commentary:

;; `.aurora' files are Python with Pystachio {{mustache}} templates inside strings.
;; `aurora-mode' is `python-mode' plus highlighting for the templates and the
;; Aurora/Thermos schema names, and it registers the `aurora-lsp' language server
;; with eglot (built into Emacs 29; a package before).
;;
;;   (add-to-list 'load-path "/path/to/aurora/editors/emacs")
;;   (require 'aurora-mode)
;;   (add-hook 'aurora-mode-hook #'eglot-ensure)   ; start the server in every .aurora buffer

;;; Code:

(require 'python)
(defvar eglot-server-programs)

(defgroup aurora nil
  "Apache Aurora job configurations."
  :group 'languages)

(defcustom aurora-lsp-command '("aurora-lsp")
  "The language server command and its arguments, for eglot."
  :type '(repeat string))

(defface aurora-template-face
  '((t :inherit font-lock-preprocessor-face))
  "Face for {{mustache}} references inside strings.")

(defconst aurora--schema-names
  '("Job" "Service" "MesosJob" "Task" "Process" "Resources" "SequentialTask" "SimpleTask"
    "Announcer" "HealthCheckConfig" "HealthCheckerConfig" "HttpHealthChecker"
    "ShellHealthChecker" "UpdateConfig" "Constraint" "Container" "Docker" "DockerImage"
    "AppcImage" "Mesos" "Parameter" "Metadata" "Volume" "Mode" "Logger" "RotatePolicy"
    "LifecycleConfig" "HttpLifecycleConfig" "PartitionPolicy"
    "Struct" "Required" "Default" "Empty" "String" "Integer" "Float" "Boolean" "List" "Map"
    "Choice" "Enum")
  "Names from the Aurora/Thermos schema and Pystachio.")

(defconst aurora--constants
  '("BYTES" "KB" "MB" "GB" "TB" "DefaultHealthChecker" "DefaultLifecycleConfig")
  "Constants the Aurora schema defines.")

(defconst aurora--font-lock-keywords
  `((,(regexp-opt aurora--schema-names 'symbols) . font-lock-type-face)
    (,(regexp-opt aurora--constants 'symbols) . font-lock-constant-face)
    (,(regexp-opt '("include") 'symbols) . font-lock-builtin-face)
    ;; `prepend' so a template shows inside the string face around it.
    ("{{[^{}'\"\n]*?}}" 0 'aurora-template-face prepend))
  "Highlighting added to `python-mode''s.")

;;;###autoload
(define-derived-mode aurora-mode python-mode "Aurora"
  "Major mode for Apache Aurora `.aurora' files.
They are Python, with Pystachio {{mustache}} templates inside strings."
  ;; Aurora's own examples indent by two; a file that indents otherwise keeps its way.
  (setq-local python-indent-offset 2)
  (when python-indent-guess-indent-offset
    (let ((inhibit-message t))
      (python-indent-guess-indent-offset)))
  (font-lock-add-keywords nil aurora--font-lock-keywords))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.aur\\(?:ora\\)?\\'" . aurora-mode))

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `(aurora-mode . ,(lambda (&rest _) aurora-lsp-command))))

(provide 'aurora-mode)

;;; aurora-mode.el ends here
