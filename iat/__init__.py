"""IAT definitions: studies, block plans, seeded trial sequences, simulated respondents.

Pure Python + pydantic + numpy; imports no web or database code.
"""
