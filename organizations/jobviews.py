"""我的任务: the user's own jobs, each with its progress and, when done, its download."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, View

from .exports import download_response
from .models import Job, JobState


def own_jobs(user):
    """A job is its user's alone; anyone else gets 404, as for anything out of scope."""
    return Job.objects.filter(user=user)


class JobListView(ListView):
    template_name = "organizations/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return own_jobs(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(keep_hours=settings.JOB_KEEP_HOURS, **kwargs)


class JobDetailView(DetailView):
    """The job's page; `?format=json` is what its progress bar asks every second."""

    template_name = "organizations/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return own_jobs(self.request.user)

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") == "json":
            job = self.object
            return JsonResponse(
                {
                    "state": job.state,
                    "state_label": job.get_state_display(),
                    "stage_label": job.stage_label,
                    "done": job.done,
                    "total": job.total,
                    "percent": job.percent,
                    "finished": job.is_finished,
                    "next": job.next_url if job.state == JobState.DONE else "",
                }
            )
        return super().render_to_response(context, **kwargs)


class JobDownloadView(View):
    def get(self, request, pk):
        job = get_object_or_404(own_jobs(request.user), pk=pk)
        if job.state != JobState.DONE or not job.result:
            raise Http404
        return download_response(job.result.open("rb"), job.result_name)
