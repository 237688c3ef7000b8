"""Scoring: IAT D-scores, exclusions, reliability, questionnaire psychometrics. Pure numpy."""

__version__ = "0.1.0"
