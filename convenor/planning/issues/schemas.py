"""API schemas of issues, their evidence and past efforts, and prioritisation."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from convenor.lib.challenges import Challenge
from convenor.lib.schemas import VERSION_HELP
from convenor.planning.models import EffortKind, EvidenceKind, IssueStatus, RoundStatus


class EvidenceIn(Schema):
    kind: EvidenceKind = EvidenceKind.DATA
    analysis_id: int | None = Field(
        None, description="A saved labour-market analysis of this partnership (regions)."
    )
    title: str = Field("", max_length=300, description="Filled from the analysis when empty.")
    url: str = Field("", max_length=500, description="An http(s) address, or empty.")
    note: str = Field("", max_length=5000)


class EvidenceOut(Schema):
    id: int
    kind: EvidenceKind
    analysis_id: int | None
    title: str
    url: str
    note: str


class IssueIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    challenge: Challenge = Field(description="A code of the typology of employer challenges.")
    description: str = Field("", max_length=20000)
    status: IssueStatus = IssueStatus.OPEN
    touch_ids: list[int] = Field(
        default_factory=list, description="Touches (outreach log) where employers raised it."
    )


class IssuePatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=200)
    challenge: Challenge | None = None
    description: str | None = Field(None, max_length=20000)
    status: IssueStatus | None = None
    touch_ids: list[int] | None = None


class IssueOut(Schema):
    id: int
    title: str
    challenge: Challenge
    description: str
    status: IssueStatus
    touch_ids: list[int]
    employer_count: int = Field(description="Distinct employers among the people of its touches.")
    evidence: list[EvidenceOut]
    decision_ids: list[int]
    version: int


class EffortIn(Schema):
    kind: EffortKind
    who: str = Field(min_length=1, max_length=300)
    organisation_id: int | None = None
    when: str = Field(min_length=1, max_length=100)
    what_happened: str = Field(min_length=1, max_length=20000)
    why_not_work: str = Field("", max_length=20000, description="Required for 'tried_before'.")
    how_to_scale: str = Field("", max_length=20000)
    resource_id: int | None = Field(None, description="The program on the resource map.")


class EffortPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    kind: EffortKind | None = None
    who: str | None = Field(None, min_length=1, max_length=300)
    organisation_id: int | None = None
    when: str | None = Field(None, min_length=1, max_length=100)
    what_happened: str | None = Field(None, min_length=1, max_length=20000)
    why_not_work: str | None = Field(None, max_length=20000)
    how_to_scale: str | None = Field(None, max_length=20000)
    resource_id: int | None = None


class EffortOut(Schema):
    id: int
    issue_id: int
    kind: EffortKind
    who: str
    organisation_id: int | None
    when: str
    what_happened: str
    why_not_work: str
    how_to_scale: str
    resource_id: int | None
    version: int


class RoundIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    issue_ids: list[int] | None = Field(
        None, description="The issues on the ballot; every open issue when omitted."
    )
    method: str = Field("", max_length=300)
    meeting_id: int | None = None


class RoundOut(Schema):
    id: int
    title: str
    method: str
    meeting_id: int | None
    opened_on: dt.date
    status: RoundStatus
    closed_at: dt.datetime | None
    issue_ids: list[int]
    chosen_issue_ids: list[int]
    consensus: str
    decision_id: int | None
    version: int


class IssueScoreOut(Schema):
    issue_id: int
    issue: str
    importance: float | None = Field(description="Mean importance rating, 1-5.")
    feasibility: float | None = Field(description="Mean feasibility rating, 1-5.")
    score: float | None = Field(description="Mean importance times mean feasibility, 1-25.")
    voters: int
    rank: int | None


class ParticipationOut(Schema):
    voters: int
    employer_voters: int
    paper_ballots: int
    at_the_table: int
    employers_at_the_table: int
    rate: float | None


class ResultsOut(Schema):
    overall: list[IssueScoreOut]
    employers: list[IssueScoreOut]


class MyRatingOut(Schema):
    issue_id: int
    importance: int
    feasibility: int


class RoundDetailOut(RoundOut):
    participation: ParticipationOut
    results: ResultsOut | None = Field(
        description="Rankings overall and employers only; while the round is open, staff only."
    )
    my_ratings: list[MyRatingOut] = Field(description="Your own ratings in this round.")


class RatingIn(Schema):
    issue_id: int
    importance: int = Field(ge=1, le=5)
    feasibility: int = Field(ge=1, le=5)


class BallotIn(Schema):
    ratings: list[RatingIn] = Field(description="One rating for every issue on the ballot.")
    person_id: int | None = Field(
        None,
        description="Staff entering a paper ballot: whose it is. Partners leave it empty and "
        "vote as themselves.",
    )


class ConsensusIn(Schema):
    issue_ids: list[int] = Field(description="The issues the partners agreed to take on.")
    consensus: str = Field("", max_length=20000)
    decided_on: dt.date | None = None
    meeting_id: int | None = None


class DecisionOut(Schema):
    id: int
    decided_on: dt.date
    text: str
    decided_by: str
    meeting_id: int | None


class CompareCellOut(Schema):
    round_id: int
    rank: int | None
    score: float | None
    on_ballot: bool


class CompareRowOut(Schema):
    issue_id: int
    issue: str
    rounds: list[CompareCellOut]
