"""The `reportqa` command: a thin shell over `index` (building), `engine` (answering) and `bot`."""
