from rukun.cli import main

raise SystemExit(main())
