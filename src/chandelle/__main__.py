"""python -m chandelle"""

from chandelle.cli import main

main()
