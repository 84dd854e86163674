"""Class sets: checking a teacher's whole set of drafts on one prompt at once.

The layer between the pure core and the command line, without Typer or Rich:

* :mod:`.gather` — the drafts a command line names (files, folders, globs) and whose
  each is (the file's name, or a CSV roster);
* :mod:`.run` — checking them, in parallel across cores, one bad file a row with its
  reason, never the end of the batch;
* :mod:`.summary` — what a class report keeps of each draft's report (small: a set of
  1,000 is passed between processes);
* :mod:`.picture` — the class picture: how many drafts found each item, the average
  share of each period, the common date errors and misspellings, the cases chosen and
  the spread of marks.

The renderers are in :mod:`ibessay.render.classset`.
"""
