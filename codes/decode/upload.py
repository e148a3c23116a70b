"""Capture files arrive in memory and stay there: never a temporary file on disk, never more
than MAX_CAPTURE bytes. Once the decoder has read them, nothing keeps a reference."""

from io import BytesIO

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

MAX_CAPTURE = 10 * 1024 * 1024


class InMemoryCaptureHandler(FileUploadHandler):
    """Takes the place of Django's handlers, which write uploads over 2.5 MB to a temporary file."""

    too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start + len(raw_data) > MAX_CAPTURE:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(self.buffer, self.field_name, self.file_name, self.content_type, file_size,
                                    self.charset, self.content_type_extra)


def keep_uploads_in_memory(request) -> InMemoryCaptureHandler:
    """Must run before anything reads request.POST or request.FILES (CSRF checks included)."""
    handler = InMemoryCaptureHandler(request)
    request.upload_handlers = [handler]
    return handler
