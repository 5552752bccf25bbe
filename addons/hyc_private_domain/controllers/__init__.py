from . import bot
