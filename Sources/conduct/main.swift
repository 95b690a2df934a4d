import ConductCLI

Conduct.runMain()
