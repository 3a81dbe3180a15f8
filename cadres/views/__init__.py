from .commendations import (
    CommendationCreateView,
    CommendationDecideView,
    CommendationDetailView,
    CommendationListView,
    CommendationNoticeView,
    CommendationPrintView,
    CommendationStepConfirmView,
)
from .files import (
    CadreCreateView,
    CadreDetailView,
    CadreListView,
    CadreUpdateView,
    TeamDetailView,
)
from .outcomes import (
    OutcomeCreateView,
    OutcomeDetailView,
    OutcomeListView,
    OutcomeStepConfirmView,
    OutcomeStepView,
)
from .records import (
    EvidenceDownloadView,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordReviewConfirmView,
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
    "CommendationStepConfirmView",
    "EvidenceDownloadView",
    "OutcomeCreateView",
    "OutcomeDetailView",
    "OutcomeListView",
    "OutcomeStepConfirmView",
    "OutcomeStepView",
    "RecordCreateView",
    "RecordDetailView",
    "RecordListView",
    "RecordReviewConfirmView",
    "RecordReviewView",
    "SubjectSearchView",
    "TeamDetailView",
]
