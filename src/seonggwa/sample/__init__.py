"""The sample organisation 한빛시, a fictional city written for this project."""
