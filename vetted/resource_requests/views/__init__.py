"""Request pages. Views authorize, parse, call one service, render."""
