"""Lessons from chat: a peer's lesson captured in a form, reviewed by a curator, and published as a
Markdown document in the knowledge folder (README: Lessons from chat).

`model.py` (the draft, the stored lesson, their checks), `markdown.py` (pure: the document),
`answering.py` (pure: which waiting questions a lesson answers, and the message each asker gets),
`desk.py` (`LessonDesk`: submit, edit, approve, reject, through bot/state/lessons.py) and
`messages.py` (what peerbot says about lessons).
"""
