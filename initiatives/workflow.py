"""The moderation workflow: Villes Internet reviews what the agents submit.

One Wagtail workflow, "Relecture Villes Internet", made of one group approval task for the
Moderators group and attached to the home page, so it covers every collectivity and every
action sheet. Approving publishes; requesting changes sends the page back to its author
with the moderator's comment. Wagtail e-mails each step (submitted to the moderators,
approved or changes requested to the submitter) in the recipient's admin language, French
unless the user chose otherwise.
"""

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

REVIEW_WORKFLOW_NAME = "Relecture Villes Internet"


def ensure_review_workflow(moderators, home) -> Workflow:
    """Creates the workflow, its task and its assignment to the home page if missing.

    An administrator may later assign another workflow to the home page: that choice is
    kept, only a home page without any workflow gets this one.
    """
    task = GroupApprovalTask.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_WORKFLOW_NAME, active=True)
    if not task.groups.filter(pk=moderators.pk).exists():
        task.groups.add(moderators)

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW_NAME, active=True)
    if not workflow.workflow_tasks.filter(task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count()
        )
    if home is not None and not WorkflowPage.objects.filter(page=home).exists():
        WorkflowPage.objects.create(workflow=workflow, page=home)
    return workflow
