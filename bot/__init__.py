"""The Telegram bot: python-telegram-bot v22 Application over the reportqa engine.

    app.py       builds the Application (handlers, rate limiter, post_init) and runs it
    handlers.py  thin async handlers, one per command or kind of message, and the error handler
    access.py    allow-lists, refuse-once, per-user question rate limit
    service.py   engine, index and corpus work off the event loop; the typing indicator
    format.py    Telegram HTML rendering and splitting of long messages
    texts.py     what the bot says
"""
