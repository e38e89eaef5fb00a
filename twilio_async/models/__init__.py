"""Typed models of Twilio's resources: attrs frozen, slotted classes without I/O."""

from twilio_async.models.message import Message, MessageDirection, MessageStatus

__all__ = ["Message", "MessageDirection", "MessageStatus"]
