using Microsoft.EntityFrameworkCore.Storage;

namespace OfficeCoordinator.Api.Data;

// SQLite takes one writer at a time, and Microsoft.Data.Sqlite waits for a busy lock by blocking its thread: under
// load, writers waiting out busy_timeout starve the thread pool, and reads stall behind them. One gate per database
// makes writers of this process wait their turn asynchronously instead (SQLite serves one API instance). PostgreSQL
// has row locks and needs no gate: there it is open.
public sealed class WriterGate
{
    private readonly SemaphoreSlim? _gate;

    private WriterGate(bool closed) => _gate = closed ? new SemaphoreSlim(1, 1) : null;

    public static WriterGate ForSqlite() => new(closed: true);

    public static WriterGate Open { get; } = new(closed: false);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_gate is null)
        {
            return Passage.None;
        }

        if (!await _gate.WaitAsync(MaxWait, cancellationToken))
        {
            throw new BusyException();
        }

        return new Passage(_gate);
    }

    // A writer that waited this long behind others gets 503 rather than waiting on.
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    public sealed class BusyException() : TimeoutException($"Waited {MaxWait.TotalSeconds} s for the turn to write.");

    // Leaves the gate once, however often it is disposed.
    private sealed class Passage(SemaphoreSlim? gate) : IDisposable
    {
        public static readonly Passage None = new(null);

        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}

// A transaction that holds the writer gate until it is committed, rolled back or disposed.
internal sealed class GatedTransaction(IDbContextTransaction inner, IDisposable passage) : IDbContextTransaction
{
    public Guid TransactionId => inner.TransactionId;

    public void Commit()
    {
        inner.Commit();
        passage.Dispose();
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await inner.CommitAsync(cancellationToken);
        passage.Dispose();
    }

    public void Rollback()
    {
        inner.Rollback();
        passage.Dispose();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        await inner.RollbackAsync(cancellationToken);
        passage.Dispose();
    }

    public void Dispose()
    {
        inner.Dispose();
        passage.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        passage.Dispose();
    }
}

// A project's write transaction (CoordinatorDb.BeginProjectWriteAsync) and the task numbers it took: FirstTaskNumber
// and the ones after it, as many as were asked for.
public sealed class ProjectWrite(IDbContextTransaction transaction, int firstTaskNumber) : IAsyncDisposable
{
    public IDbContextTransaction Transaction => transaction;

    public int FirstTaskNumber => firstTaskNumber;

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
