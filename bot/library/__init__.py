"""Questions about the lessons themselves, answered from the index's document metadata, not its passages:
a document's link ("link to the NELFT report?"), the lessons of a year ("Which lessons are from 2023?"),
their publishers ("Has the King's Fund published anything on this?"), and the lessons as a whole (their
collaboratives, dates and key enablers, or everything: `bot.library.whole`). `library_ask(question)` tells one
apart (`bot.library.asks`); `library_reply(ask, documents, named, nearest)` says which documents
(`bot.library.reply`), in the words of `bot.library.messages`."""
