"""Reporters: everything that turns :class:`~newsframe.results.Results` into something people or CI read.

Modules
-------
``text``      the short terminal summary printed by ``newsframe run`` / ``validate``.
``junit``     JUnit XML (one testsuite per table, one testcase per check).
``github``    GitHub workflow commands (annotations) and the step summary.
``markdown``  Markdown renderings shared by the step summary and ``newsframe diff``.
``diff``      compare two runs for a pull request: new/fixed failures and metric drift.
``html``      one self-contained, offline HTML data-quality report with inline SVG plots.

Reporters read only the results (and, for the HTML report, the tables, to show the
source sentences and plots); they never run checks themselves.

Examples
--------
>>> from newsframe.report import text
>>> from newsframe.results import Results
>>> text.summary(Results(), fail_on="error").splitlines()[0]
'newsframe: PASSED  (0 checks)'
"""

from __future__ import annotations

__all__ = ["diff", "github", "html", "junit", "markdown", "text"]
