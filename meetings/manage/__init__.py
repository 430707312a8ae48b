"""What a group's link holders do: links, revisions, undo, suggestions, date changes, editing."""
