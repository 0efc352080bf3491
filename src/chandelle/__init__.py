"""chandelle: is each social network worth the candle for a cultural institution?"""

__version__ = "0.1.0"
