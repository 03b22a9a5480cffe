"""Django's HTTP side under ASGI, with every request's synchronous work in one hop to a fixed pool
of threads.

Beacon's views are synchronous. Django's own ASGIHandler gives each request a thread of its own
(asgiref's ThreadSensitiveContext: a new executor and a new thread, joined by another thread) and
goes back and forth between that thread and the event loop several times per request (the
request_started and request_finished signals, the async-capable middleware, the view, the closing
of the response). Each request also opened and closed its database connection, since a connection
belongs to a thread. Here the request's middleware, view and response close run in one call on a
long-lived thread of a pool, with the middleware loaded in synchronous mode, so the thread's
database connection can be kept (CONN_MAX_AGE) and a request costs one hop. This halved the CPU
time of a small API request (docs/architecture.md, Performance).

What stays as Django's ASGIHandler: the request object (ASGIRequest), reading the body from the
server and sending the response (streamed responses too), the signals. The real-time events a
request commits are sent from the event loop once the view has returned, instead of a hop from
the thread to the loop for each commit. A client that disconnects does not interrupt the request:
a synchronous view cannot be interrupted under Django's handler either.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

from asgiref.sync import sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler, ASGIRequest, get_script_prefix
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix
from servestatic.base import MissingFileError
from servestatic.middleware import ServeStaticMiddleware

from beacon.core.events import Pending, collecting_events, send_events


class ThreadPoolHandler(ASGIHandler):
    """An ASGI application for Django's HTTP requests; `threads` requests are served at once.

    Static files are served on the event loop by ServeStatic's middleware, placed in front of the
    pool rather than in MIDDLEWARE (it only runs asynchronously: in the chain it would cost two
    more hops on every request)."""

    def __init__(self, threads: int) -> None:
        base.BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="http")
        self.static = ServeStaticMiddleware(self.not_static)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            request, error = self.create_request(scope, body_file)
            if request is None:  # undecodable or too big: Django's 400 or 413
                await self.send_response(cast(HttpResponseBase, error), send)
                return
            if scope["path"].startswith(self.static.static_prefix):
                try:
                    response = await self.static(request)  # a static file, or not_static()
                except MissingFileError:  # with DEBUG on, ServeStatic raises for a missing file
                    response = await self.not_static(request)  # Django's 404 page
            else:
                response = await self.not_static(request)
            try:
                await self.send_response(response, send)
            finally:
                if response.streaming:
                    await self.in_pool(response.close)
        finally:
            body_file.close()

    async def not_static(self, request: ASGIRequest) -> HttpResponseBase:
        response, events = await self.in_pool(self.respond, request)
        await send_events(events)
        return response

    async def in_pool[R](self, function: Callable[..., R], *args: Any) -> R:
        return await sync_to_async(function, thread_sensitive=False, executor=self.executor)(*args)

    def respond(self, request: ASGIRequest) -> tuple[HttpResponseBase, list[Pending]]:
        """The request's synchronous part, on a thread of the pool. A response that is not streamed
        is closed here (request_finished: the thread's database connection is released or kept
        as CONN_MAX_AGE says, on the thread that used it). The real-time events it commits are
        returned, for the event loop to send without a hop back from this thread for each."""
        set_script_prefix(get_script_prefix(request.scope))
        signals.request_started.send(sender=self.__class__, scope=request.scope)
        with collecting_events() as events:
            response = self.get_response(request)
            response._handler_class = self.__class__  # type: ignore[attr-defined]
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size  # the ASGI server chunks it further
            if not response.streaming:
                response.close()
        return response, events
