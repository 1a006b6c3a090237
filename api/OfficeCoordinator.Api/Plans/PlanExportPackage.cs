using System.IO.Compression;
using System.Text;

namespace OfficeCoordinator.Api.Plans;

// The zip the workbook is written into. The zip writes synchronously into memory and what it wrote goes to the
// destination asynchronously between rows, so the destination may be a non-seekable stream that refuses synchronous
// writes (an HTTP response body), and memory holds a few buffers however large the plan is.
internal sealed class PlanExportPackage : IDisposable
{
    private readonly Stream _destination;
    private readonly PendingBytes _pending = new();
    private readonly ZipArchive _zip;

    public PlanExportPackage(Stream destination)
    {
        _destination = destination;
        _zip = new ZipArchive(_pending, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8);
    }

    // Fastest: the deflate level SpreadCheetah uses by default; Optimal makes the file about half the size for about
    // twice the time, and a workbook crosses the network once.
    public PlanExportXmlWriter CreatePart(string path) => new(this, _zip.CreateEntry(path, CompressionLevel.Fastest).Open());

    // A whole part that is already text (the small ones the Open XML SDK builds).
    public async Task WritePartAsync(string path, string xml, CancellationToken cancellationToken)
    {
        using var part = CreatePart(path);
        part.Raw(Encoding.UTF8.GetBytes(xml));
        await part.CompleteAsync(cancellationToken);
    }

    public ValueTask SendAsync(CancellationToken cancellationToken) => _pending.SendAsync(_destination, cancellationToken);

    // Writes the zip's central directory and sends the rest.
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _zip.Dispose();
        await SendAsync(cancellationToken);
        await _destination.FlushAsync(cancellationToken);
    }

    public void Dispose() => _zip.Dispose();

    // A write-only, non-seekable stream that keeps what the zip wrote until it is sent.
    private sealed class PendingBytes : Stream
    {
        private byte[] _buffer = new byte[64 * 1024];
        private int _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + buffer.Length));
            }

            buffer.CopyTo(_buffer.AsSpan(_length));
            _length += buffer.Length;
        }

        public async ValueTask SendAsync(Stream destination, CancellationToken cancellationToken)
        {
            if (_length > 0)
            {
                await destination.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
                _length = 0;
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
