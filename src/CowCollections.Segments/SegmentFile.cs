using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using CowCollections.Internal;
using CowCollections.Segments.Internal;
using Microsoft.Win32.SafeHandles;

namespace CowCollections.Segments;

/// <summary>
/// An append-only segment file holding named versions of persistent collections: commit any
/// <see cref="PersistentList{T}"/> into it, open it later (or from another process) through a read-only
/// memory map, and read it lazily. See <c>docs/segment-format.md</c> for the bytes and the protocol.
/// </summary>
/// <remarks>
/// <para><b>Commit protocol</b> (two-phase, as LMDB and bbolt): append the new records with positioned
/// writes, fsync, write the header slot of the new commit (slots alternate), fsync, and only then publish the
/// commit in memory. A crash at any point leaves the previous commit readable.</para>
/// <para><b>Incremental:</b> a node already in the file is found by identity and not written again, so a
/// version that differs from the last committed one by one element appends O(depth) records.</para>
/// <para><b>Reading:</b> opening reads the two header slots and the commit's root table and maps the
/// committed length: O(1) in the file size. Inner nodes are decoded on first touch, each record is checked
/// (checksum, type, children before parents, counts) when decoded, and every failure is a
/// <see cref="SegmentException"/>.</para>
/// <para><b>Concurrency:</b> one writer per file (a lock on <c>&lt;file&gt;.lock</c>; a second writer fails
/// fast with <see cref="SegmentWriterLockedException"/>), any number of readers in any process. A reader
/// sees the commit that was current when it opened or last called <see cref="Refresh"/>. Values read from
/// the file stay readable after <see cref="Dispose"/>: the map they read from lives until they are
/// collected. All members are thread-safe; commits are serialized.</para>
/// </remarks>
public sealed class SegmentFile : IDisposable
{
    private readonly object _gate = new();
    private readonly SegmentWriteOptions _options;
    private SafeFileHandle _handle;
    private FileStream? _lock;
    private NodeTable? _table;
    private HeaderSlot _head;
    private CommitRecord _headCommit;
    private MappedView? _view;
    private SegmentSnapshot? _current;
    private bool _faulted;
    private bool _disposed;

    private SegmentFile(string path, SafeFileHandle handle, FileStream? writerLock, SegmentWriteOptions options)
    {
        FilePath = path;
        _handle = handle;
        _lock = writerLock;
        _options = options;
        _table = writerLock is null ? null : new NodeTable();
        (_head, _headCommit, _view) = LoadHead(path, handle);
    }

    /// <summary>Test hook: called at each step of the commit protocol; a test throws from it to simulate a crash there.</summary>
    internal Action<FaultPoint>? FaultInjector { get; set; }

    /// <summary>The full path of the segment file.</summary>
    public string FilePath { get; }

    /// <summary>True when this instance holds the writer lock and can commit.</summary>
    public bool CanWrite => _lock is not null;

    /// <summary>
    /// The commit this instance sees: the newest at open, after <see cref="Refresh"/>, or after this writer's
    /// last commit. O(1); maps the new length once after a commit.
    /// </summary>
    public SegmentSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                if (_current is null)
                {
                    if (_view is null || _view.Length < _head.CommittedLength)
                    {
                        _view = new MappedView(FilePath, _handle, _head.CommittedLength);
                    }

                    _current = new SegmentSnapshot(new ReadContext(_view, _table), _headCommit, _head.CommittedLength);
                }

                return _current;
            }
        }
    }

    /// <summary>Opens an existing segment file for reading. O(1) in the file size.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SegmentException">The file is not a valid segment file (a typed subclass says why).</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static SegmentFile OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        var handle = MappedView.OpenRead(path);
        try
        {
            return new SegmentFile(path, handle, null, new SegmentWriteOptions());
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens a segment file for writing, creating it when it does not exist, with durable commits.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SegmentWriterLockedException">Another writer holds the file.</exception>
    /// <exception cref="SegmentException">The existing file is not a valid segment file.</exception>
    public static SegmentFile OpenWrite(string path) => OpenWrite(path, new SegmentWriteOptions());

    /// <summary>Opens a segment file for writing, creating it when it does not exist.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Durability options.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SegmentWriterLockedException">Another writer holds the file.</exception>
    /// <exception cref="SegmentException">The existing file is not a valid segment file.</exception>
    public static SegmentFile OpenWrite(string path, SegmentWriteOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        path = Path.GetFullPath(path);
        var writerLock = TakeWriterLock(path);
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.GetLength(handle) == 0)
            {
                Initialize(handle, options);
                DirectorySync.Flush(Path.GetDirectoryName(path)!);
            }

            return new SegmentFile(path, handle, writerLock, options);
        }
        catch
        {
            handle?.Dispose();
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Looks for a newer commit (made by a writer in any process) and, when there is one, makes it
    /// <see cref="Current"/>. Values opened from older snapshots stay valid. O(1).
    /// </summary>
    /// <returns>True when a newer commit was found.</returns>
    public bool Refresh()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (CanWrite)
            {
                return false;
            }

            var handle = MappedView.OpenRead(FilePath);
            try
            {
                var (head, commit, view) = LoadHead(FilePath, handle);
                if (head.FileId == _head.FileId && head.CommitNumber == _head.CommitNumber)
                {
                    handle.Dispose();
                    return false;
                }

                (_handle, handle) = (handle, _handle);
                handle.Dispose();
                (_head, _headCommit, _view, _current) = (head, commit, view, null);
                return true;
            }
            catch
            {
                if (!ReferenceEquals(handle, _handle))
                {
                    handle.Dispose();
                }

                throw;
            }
        }
    }

    /// <summary>Every retained commit, newest first, following each commit's link to the previous one. O(commits).</summary>
    /// <returns>The commits.</returns>
    public IReadOnlyList<SegmentCommitInfo> GetCommits()
    {
        var current = Current;
        var result = new List<SegmentCommitInfo>();
        var record = current.Record;
        var view = current.Context.View;
        while (true)
        {
            result.Add(SegmentSnapshot.Info(record, record.End, -1));
            if (record.Previous == 0)
            {
                return result;
            }

            record = CommitRecord.Read(view, record.Previous, record.Offset, record.Number - 1);
        }
    }

    /// <summary>Opens an older retained commit (time travel). O(commits newer than it).</summary>
    /// <param name="number">The commit number (see <see cref="GetCommits"/>).</param>
    /// <returns>A snapshot of that commit.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No retained commit has that number.</exception>
    public SegmentSnapshot OpenCommit(long number)
    {
        var current = Current;
        var record = current.Record;
        while ((long)record.Number != number)
        {
            if (record.Previous == 0 || (long)record.Number < number)
            {
                throw new ArgumentOutOfRangeException(nameof(number), number, "No retained commit has this number.");
            }

            record = CommitRecord.Read(current.Context.View, record.Previous, record.Offset, record.Number - 1);
        }

        return record == current.Record ? current : new SegmentSnapshot(current.Context, record, record.End);
    }

    /// <summary>Starts a commit of several roots at once (atomically); roots it does not name keep their value.</summary>
    /// <returns>A builder; call <see cref="SegmentCommitBuilder.Commit"/> to make it durable.</returns>
    /// <exception cref="InvalidOperationException">The file is open for reading only.</exception>
    public SegmentCommitBuilder BeginCommit()
    {
        ThrowIfDisposed();
        return CanWrite ? new SegmentCommitBuilder(this) : throw new InvalidOperationException($"Segment file '{FilePath}' is open for reading only.");
    }

    /// <summary>Commits <paramref name="list"/> under <paramref name="name"/> with the built-in codec of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="list">The version to commit.</param>
    /// <returns>The new commit.</returns>
    public SegmentCommitInfo Commit<T>(string name, PersistentList<T> list) => BeginCommit().SetList(name, list).Commit();

    /// <summary>Commits <paramref name="list"/> under <paramref name="name"/>, encoding elements with <paramref name="codec"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="list">The version to commit.</param>
    /// <param name="codec">The element codec.</param>
    /// <returns>The new commit.</returns>
    public SegmentCommitInfo Commit<T>(string name, PersistentList<T> list, ISegmentCodec<T> codec) => BeginCommit().SetList(name, list, codec).Commit();

    /// <summary>Binds <paramref name="container"/> to root <paramref name="name"/>, with the built-in codec and commits on demand.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="container">The container to commit.</param>
    /// <returns>The binding; dispose it to stop (it commits a last time).</returns>
    public SegmentBinding BindList<T>(string name, CopyOnWriteList<T> container) =>
        BindList(name, container, SegmentCodecs.For<T>(), new SegmentBindingOptions());

    /// <summary>Binds <paramref name="container"/> to root <paramref name="name"/>: commits on demand or, with <see cref="SegmentBindingOptions.AutoCommitInterval"/>, on a timer.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="container">The container to commit.</param>
    /// <param name="codec">The element codec.</param>
    /// <param name="options">Auto-commit options.</param>
    /// <returns>The binding; dispose it to stop.</returns>
    /// <exception cref="InvalidOperationException">The file is open for reading only.</exception>
    public SegmentBinding BindList<T>(string name, CopyOnWriteList<T> container, ISegmentCodec<T> codec, SegmentBindingOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfDisposed();
        return CanWrite
            ? new SegmentBinding(name, () => container.Version, () => Commit(name, container.Snapshot, codec), options)
            : throw new InvalidOperationException($"Segment file '{FilePath}' is open for reading only.");
    }

    /// <summary>Commits <paramref name="dictionary"/> under <paramref name="name"/> with the built-in codecs of its key and value types.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="dictionary">The version to commit.</param>
    /// <returns>The new commit.</returns>
    /// <remarks>See <see cref="SegmentCommitBuilder.SetDictionary{TKey, TValue}(string, PersistentDictionary{TKey, TValue}, ISegmentCodec{TKey}, ISegmentCodec{TValue})"/> for how keys are hashed on disk.</remarks>
    public SegmentCommitInfo Commit<TKey, TValue>(string name, PersistentDictionary<TKey, TValue> dictionary)
        where TKey : notnull => BeginCommit().SetDictionary(name, dictionary).Commit();

    /// <summary>Commits <paramref name="dictionary"/> under <paramref name="name"/>, encoding keys and values with the given codecs.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="dictionary">The version to commit.</param>
    /// <param name="keyCodec">The key codec.</param>
    /// <param name="valueCodec">The value codec.</param>
    /// <returns>The new commit.</returns>
    public SegmentCommitInfo Commit<TKey, TValue>(string name, PersistentDictionary<TKey, TValue> dictionary, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec)
        where TKey : notnull => BeginCommit().SetDictionary(name, dictionary, keyCodec, valueCodec).Commit();

    /// <summary>Binds <paramref name="container"/> to root <paramref name="name"/>, with the built-in codecs and commits on demand.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="container">The container to commit.</param>
    /// <returns>The binding; dispose it to stop (it commits a last time).</returns>
    public SegmentBinding BindDictionary<TKey, TValue>(string name, CopyOnWriteDictionary<TKey, TValue> container)
        where TKey : notnull => BindDictionary(name, container, SegmentCodecs.For<TKey>(), SegmentCodecs.For<TValue>(), new SegmentBindingOptions());

    /// <summary>
    /// Binds <paramref name="container"/> to root <paramref name="name"/>: commits on demand or, with
    /// <see cref="SegmentBindingOptions.AutoCommitInterval"/>, on a timer. Whatever the container's key comparer,
    /// each commit appends only the paths of the keys that changed since the previous one.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="container">The container to commit.</param>
    /// <param name="keyCodec">The key codec.</param>
    /// <param name="valueCodec">The value codec.</param>
    /// <param name="options">Auto-commit options.</param>
    /// <returns>The binding; dispose it to stop.</returns>
    /// <exception cref="InvalidOperationException">The file is open for reading only.</exception>
    public SegmentBinding BindDictionary<TKey, TValue>(string name, CopyOnWriteDictionary<TKey, TValue> container, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec, SegmentBindingOptions options)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(keyCodec);
        ArgumentNullException.ThrowIfNull(valueCodec);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfDisposed();
        return CanWrite
            ? new SegmentBinding(name, () => container.Version, () => Commit(name, container.Snapshot, keyCodec, valueCodec), options)
            : throw new InvalidOperationException($"Segment file '{FilePath}' is open for reading only.");
    }

    /// <summary>
    /// Compacts the file: copies the records reachable from the newest commit into a new file (no history),
    /// fsyncs it, renames it over this file and fsyncs the directory. Readers of the old file keep reading
    /// their versions until they <see cref="Refresh"/>; older commits are gone from the new file. Values held
    /// in memory keep sharing with the new file, so the next commit stays incremental. O(live records).
    /// </summary>
    /// <returns>The newest commit, now the only one in the file.</returns>
    /// <exception cref="InvalidOperationException">The file is open for reading only.</exception>
    public SegmentCommitInfo Compact()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!CanWrite || _faulted)
            {
                throw new InvalidOperationException($"Segment file '{FilePath}' is not open for writing (or a failed commit requires reopening).");
            }

            var view = _view is not null && _view.Length >= _head.CommittedLength ? _view : new MappedView(FilePath, _handle, _head.CommittedLength);
            string temporary = FilePath + ".compacting";
            ulong fileId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
            SafeFileHandle? handle = null;
            try
            {
                handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                var (moved, head, commit) = Compactor.Copy(view, _headCommit, handle, fileId);
                if (_options.FlushToDisk)
                {
                    RandomAccess.FlushToDisk(handle);
                }

                Span<byte> slot = stackalloc byte[Format.SlotSize];
                head.Write(slot);
                RandomAccess.Write(handle, slot, Format.SlotOffset(head.CommitNumber));
                if (_options.FlushToDisk)
                {
                    RandomAccess.FlushToDisk(handle);
                }

                File.Move(temporary, FilePath, overwrite: true);
                DirectorySync.Flush(Path.GetDirectoryName(FilePath)!);
                (_handle, handle) = (handle, _handle);
                _table = _table!.Remap(moved);
                (_head, _headCommit, _view, _current) = (head, commit, null, null);
                return SegmentSnapshot.Info(commit, head.CommittedLength, head.CommittedLength - Format.DataStart);
            }
            finally
            {
                handle?.Dispose();
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }

    /// <summary>Commits <paramref name="array"/> under <paramref name="name"/> with the built-in codec of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="array">The version to commit.</param>
    /// <returns>The new commit.</returns>
    public SegmentCommitInfo Commit<T>(string name, PersistentArray<T> array) => BeginCommit().SetArray(name, array).Commit();

    /// <summary>Releases the writer lock and the file handle. Values already read stay readable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _handle.Dispose();
            _lock?.Dispose();
            _lock = null;
            _view = null;
            _current = null;
        }
    }

    /// <summary>The two-phase commit of <paramref name="changes"/> (null value = remove the root).</summary>
    internal SegmentCommitInfo CommitCore(IReadOnlyList<(string Name, Func<CommitWriter, long>? Write)> changes)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_faulted)
            {
                throw new InvalidOperationException($"A commit to '{FilePath}' failed while writing its header; dispose this writer and open the file again.");
            }

            var buffer = new RecordBuffer(_handle, _head.CommittedLength);
            var writer = new CommitWriter(buffer, _table!);
            var roots = new SortedDictionary<string, long>(_headCommit.Roots, StringComparer.Ordinal);
            foreach (var (name, write) in changes)
            {
                if (write is null)
                {
                    roots.Remove(name);
                }
                else
                {
                    roots[name] = write(writer);
                }
            }

            ulong number = _head.CommitNumber + 1;
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long commitOffset = CommitRecord.Write(buffer, number, _headCommit.Offset, now, roots);
            buffer.Flush();
            Fault(FaultPoint.AfterAppend);
            if (_options.FlushToDisk)
            {
                RandomAccess.FlushToDisk(_handle);
            }

            Fault(FaultPoint.BeforeHeader);
            var head = new HeaderSlot(number, buffer.Position, commitOffset, now, _head.FileId);
            try
            {
                WriteSlot(_handle, head, FaultInjector);
                Fault(FaultPoint.AfterHeader);
                if (_options.FlushToDisk)
                {
                    RandomAccess.FlushToDisk(_handle);
                }
            }
            catch
            {
                _faulted = true;
                throw;
            }

            writer.Publish();
            _head = head;
            _headCommit = new CommitRecord(number, _headCommit.Offset, now, roots, commitOffset, head.CommittedLength);
            _current = null;
            return SegmentSnapshot.Info(_headCommit, head.CommittedLength, head.CommittedLength - buffer.Start);
        }
    }

    private void Fault(FaultPoint point) => FaultInjector?.Invoke(point);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static FileStream TakeWriterLock(string path)
    {
        string lockPath = path + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e)
        {
            throw new SegmentWriterLockedException(path, $"another writer holds '{lockPath}'", e);
        }
    }

    /// <summary>Writes the header of a new file: commit 0 in slot A (no roots), slot B empty, then fsync.</summary>
    private static void Initialize(SafeFileHandle handle, SegmentWriteOptions options)
    {
        var area = new byte[Format.DataStart];
        var head = new HeaderSlot(0, Format.DataStart, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
        head.Write(area);
        RandomAccess.Write(handle, area, 0);
        if (options.FlushToDisk)
        {
            RandomAccess.FlushToDisk(handle);
        }
    }

    private static void WriteSlot(SafeFileHandle handle, HeaderSlot head, Action<FaultPoint>? fault)
    {
        Span<byte> slot = stackalloc byte[Format.SlotSize];
        head.Write(slot);
        long at = Format.SlotOffset(head.CommitNumber);
        if (fault is not null)
        {
            RandomAccess.Write(handle, slot[..(Format.SlotSize / 2)], at);
            fault(FaultPoint.MidHeader);
        }

        RandomAccess.Write(handle, slot, at);
    }

    /// <summary>
    /// Reads both header slots (without the map), picks the valid one with the higher commit, checks the file
    /// length, maps the committed length and reads the root table; falls back to the other slot when the
    /// newer commit's root table is damaged.
    /// </summary>
    private static (HeaderSlot Head, CommitRecord Commit, MappedView View) LoadHead(string path, SafeFileHandle handle)
    {
        // The header slots are read before the length. A writer appends its nodes before it writes the slot
        // that names them, so any slot read here names bytes that were already appended when the length is
        // read after it; reading the length first would let a commit land in between and a healthy, growing
        // file would look truncated.
        Span<byte> a = stackalloc byte[Format.SlotSize];
        Span<byte> b = stackalloc byte[Format.SlotSize];
        a.Clear();
        b.Clear();
        RandomAccess.Read(handle, a, 0);
        RandomAccess.Read(handle, b, Format.SlotBOffset);
        long length = RandomAccess.GetLength(handle);
        if (length < Format.DataStart)
        {
            throw new SegmentTruncatedException(path, length, $"incomplete segment: the file is {length} bytes, shorter than the {Format.DataStart}-byte header area (its creation did not complete, or it was truncated)");
        }

        var statusA = HeaderSlot.TryRead(a, out var headA, out string detailA);
        var statusB = HeaderSlot.TryRead(b, out var headB, out string detailB);
        if (statusA == HeaderSlot.Status.Valid && Format.SlotOffset(headA.CommitNumber) != 0)
        {
            (statusA, detailA) = (HeaderSlot.Status.BadFields, "slot A holds an odd commit");
        }

        if (statusB == HeaderSlot.Status.Valid && Format.SlotOffset(headB.CommitNumber) != Format.SlotBOffset)
        {
            (statusB, detailB) = (HeaderSlot.Status.BadFields, "slot B holds an even commit");
        }

        foreach (var (status, detail, at) in new[] { (statusA, detailA, 0L), (statusB, detailB, Format.SlotBOffset) })
        {
            if (status is HeaderSlot.Status.FutureVersion or HeaderSlot.Status.OtherParameters)
            {
                throw new SegmentFormatException(path, at, detail);
            }
        }

        var candidates = new List<HeaderSlot>(2);
        if (statusA == HeaderSlot.Status.Valid)
        {
            candidates.Add(headA);
        }

        if (statusB == HeaderSlot.Status.Valid)
        {
            candidates.Add(headB);
        }

        if (candidates.Count == 0)
        {
            if (statusA == HeaderSlot.Status.NoMagic && statusB == HeaderSlot.Status.NoMagic)
            {
                throw new SegmentFormatException(path, 0, "not a segment file (no segment magic in either header slot)");
            }

            throw new SegmentChecksumException(path, 0, $"no valid header slot: the file is damaged or an incomplete segment whose creation did not complete (slot A: {detailA}; slot B: {detailB})");
        }

        if (candidates.Count == 2 && candidates[0].FileId != candidates[1].FileId)
        {
            candidates.RemoveAt(candidates[0].CommitNumber > candidates[1].CommitNumber ? 1 : 0);
        }

        candidates.Sort((x, y) => y.CommitNumber.CompareTo(x.CommitNumber));
        if (length < candidates[0].CommittedLength)
        {
            throw new SegmentTruncatedException(path, length, $"the file is {length} bytes, but commit {candidates[0].CommitNumber} is {candidates[0].CommittedLength} bytes long");
        }

        SegmentException? first = null;
        foreach (var head in candidates)
        {

            var view = new MappedView(path, handle, head.CommittedLength);
            try
            {
                var commit = head.CommitOffset == 0
                    ? CommitRecord.Empty(head.CommitNumber, head.TimestampMs)
                    : CommitRecord.Read(view, head.CommitOffset, head.CommittedLength, head.CommitNumber);
                return (head, commit, view);
            }
            catch (SegmentException e)
            {
                first ??= e;
            }
        }

        throw first!;
    }
}
