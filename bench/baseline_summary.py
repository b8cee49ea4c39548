"""The smallest program our stack allows for `summary --answers FILE`: read the TOML and validate it into one pydantic model."""

import sys
import tomllib

from pydantic import BaseModel


class Answers(BaseModel):
    answers: dict


with open(sys.argv[1], "rb") as file:
    Answers(answers=tomllib.load(file))
