"""What the editors' start page keeps that is not reference content: searches that found nothing."""

from django.db import models


class UnfoundSearch(models.Model):
    """A search text that found nothing, and how often readers made it on one day. Never who made it:
    no address, no session, no time finer than the day."""

    day = models.DateField()
    text = models.CharField(max_length=100, help_text="The query, normalised and shortened.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-day", "-count", "text")
        constraints = (models.UniqueConstraint(fields=["day", "text"], name="unfound_search_once_a_day"),)

    def __str__(self):
        return f"{self.text} ({self.count} on {self.day})"
