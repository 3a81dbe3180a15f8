from .activists import (
    ActivistAdvanceView,
    ActivistCreateView,
    ActivistDetailView,
    ActivistListView,
    ActivistStepView,
)
from .care import (
    CareCreateView,
    CareDetailView,
    CareListView,
    CareResolveView,
)
from .discipline import (
    DisciplineApproveView,
    DisciplineCreateView,
    DisciplineDetailView,
    DisciplineListView,
)
from .posts import (
    PostAssignView,
    PostCreateView,
    PostDetailView,
    PostEndConfirmView,
    PostEndView,
    PostListView,
    PostPlacardView,
    PostUnassignConfirmView,
    PostUnassignView,
    PostUpdateView,
)
from .registrations import (
    RegistrationConfirmView,
    RegistrationCreateView,
    RegistrationDetailView,
    RegistrationListView,
)
from .registry import (
    MemberCreateView,
    MemberDetailView,
    MemberListView,
    MemberRevealView,
    MemberUpdateView,
)
from .rosters import RosterAddView, RosterRemoveView

__all__ = [
    "ActivistAdvanceView",
    "ActivistCreateView",
    "ActivistDetailView",
    "ActivistListView",
    "ActivistStepView",
    "CareCreateView",
    "CareDetailView",
    "CareListView",
    "CareResolveView",
    "DisciplineApproveView",
    "DisciplineCreateView",
    "DisciplineDetailView",
    "DisciplineListView",
    "MemberCreateView",
    "MemberDetailView",
    "MemberListView",
    "MemberRevealView",
    "MemberUpdateView",
    "PostAssignView",
    "PostCreateView",
    "PostDetailView",
    "PostEndConfirmView",
    "PostEndView",
    "PostListView",
    "PostPlacardView",
    "PostUnassignConfirmView",
    "PostUnassignView",
    "PostUpdateView",
    "RegistrationConfirmView",
    "RegistrationCreateView",
    "RegistrationDetailView",
    "RegistrationListView",
    "RosterAddView",
    "RosterRemoveView",
]
