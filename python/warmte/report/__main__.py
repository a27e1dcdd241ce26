from warmte.report import main

main()
