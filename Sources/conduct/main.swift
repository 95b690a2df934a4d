import ConductCLI

Conduct.main()
