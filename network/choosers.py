"""Which register entries and people each admin user may pick, in choosers and select lists.

Whoever may read the register (the office, the advisory board: `network.view_member`,
`network.view_person`) picks from all of it; the member chooser still starts with the admitted
entries and a filter shows the others. Everyone else (Redaktion, Arbeitsgruppen-Leitung) picks
only what the public may see anyway, because that is all their work needs: admitted members as
event organisers or body seats, and people who consented to publication. A lead also picks the
people already seated in the bodies they may edit (the moderator of a rotating body is one of
them). The register itself (applicants, rejected or ended entries, contact-only entries, people
without consent) never reaches them, not even by guessing an id at the "chosen" endpoint.
"""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.visibility import visible_to_public
from network.models import Member, Person, WorkingGroupPage


def reads_register(user):
    """The office and the advisory board; Redaktion and working-group leads do not."""
    return user.has_perm("network.view_member")


def reads_people(user):
    return user.has_perm("network.view_person")


def members_for(user):
    if reads_register(user):
        return Member.objects.all()
    return visible_to_public(Member.objects.all())


def people_for(user):
    if reads_people(user):
        return Person.objects.all()
    own_bodies = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    seated = Person.objects.filter(
        body_memberships__body__in=WorkingGroupPage.objects.filter(pk__in=own_bodies)
    )
    # By id, so the search backend filters on the primary key only.
    public = visible_to_public(Person.objects.all())
    return Person.objects.filter(Q(pk__in=public.values("pk")) | Q(pk__in=seated.values("pk")))


CHOOSABLE = {Member: members_for, Person: people_for}


def choosable(model, user):
    return CHOOSABLE[model](user)


class RegisterChoicesPageForm(WagtailAdminPageForm):
    """A page form whose select lists of members or people offer only what the user may pick.

    Entries already chosen stay selectable, so saving never drops an organiser the editor
    cannot see in the register.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model not in CHOOSABLE:
                continue
            chosen = self.initial.get(name)
            if chosen is None or isinstance(chosen, model | int | str):
                chosen = [] if chosen is None else [chosen]
            chosen_pks = [getattr(item, "pk", item) for item in chosen]
            field.queryset = model.objects.filter(
                Q(pk__in=choosable(model, self.for_user).values("pk")) | Q(pk__in=chosen_pks)
            )
