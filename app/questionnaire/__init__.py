"""The organisational questionnaire: pages, answers, subscale scores, research rows."""
