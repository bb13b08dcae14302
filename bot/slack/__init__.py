"""The Slack surface: Bolt (asyncio) listeners that translate between Slack and `bot.service.Peerbot`."""
