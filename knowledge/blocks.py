"""Blocks only the knowledge app uses. Page bodies use ``core.blocks.BaseStreamBlock``."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class ProgrammeItemBlock(blocks.StructBlock):
    """One line of an event's programme: when, what, and who leads it."""

    time = blocks.TimeBlock(label=_("Tijd"), required=False, format="%H:%M")
    title = blocks.CharBlock(label=_("Onderdeel"), max_length=200)
    speaker = blocks.CharBlock(label=_("Spreker of begeleider"), required=False, max_length=200)
    description = blocks.TextBlock(label=_("Toelichting"), required=False)

    class Meta:
        icon = "time"
        label = _("Programmaonderdeel")
        template = "knowledge/blocks/programme_item_block.html"


class ProgrammeBlock(blocks.StreamBlock):
    item = ProgrammeItemBlock()

    class Meta:
        label = _("Programma")
