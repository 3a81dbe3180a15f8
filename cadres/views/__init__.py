from .commendations import (
    CommendationCreateView,
    CommendationDecideView,
    CommendationDetailView,
    CommendationListView,
    CommendationNoticeView,
    CommendationPrintView,
)
from .files import (
    CadreCreateView,
    CadreDetailView,
    CadreListView,
    CadreUpdateView,
    TeamDetailView,
)
from .outcomes import OutcomeCreateView, OutcomeDetailView, OutcomeListView, OutcomeStepView
from .records import (
    EvidenceDownloadView,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordReviewView,
    SubjectSearchView,
)

__all__ = [
    "CadreCreateView",
    "CadreDetailView",
    "CadreListView",
    "CadreUpdateView",
    "CommendationCreateView",
    "CommendationDecideView",
    "CommendationDetailView",
    "CommendationListView",
    "CommendationNoticeView",
    "CommendationPrintView",
    "EvidenceDownloadView",
    "OutcomeCreateView",
    "OutcomeDetailView",
    "OutcomeListView",
    "OutcomeStepView",
    "RecordCreateView",
    "RecordDetailView",
    "RecordListView",
    "RecordReviewView",
    "SubjectSearchView",
    "TeamDetailView",
]
