"""Microsoft Teams: the Agents SDK app that turns activities into questions and answers into Adaptive Cards."""
