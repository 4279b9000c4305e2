using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CowCollections.Internal;
using CowCollections.Segments.Internal;
using CowCollections.Segments.Internal.Storage;

namespace CowCollections.Segments;

/// <summary>
/// An append-only segment file holding named versions of persistent collections: commit any
/// <see cref="PersistentList{T}"/> into it, open it later (or from another process) through a read-only
/// memory map, and read it lazily. See <c>docs/segment-format.md</c> for the bytes and the protocol.
/// </summary>
/// <remarks>
/// <para><b>Commit protocol:</b> append the new records with positioned writes, write the header slot of the new
/// commit (slots alternate), flush (<c>fdatasync</c> on Linux), and only then publish the commit in memory. A commit
/// that appends at most 1 MiB is <em>sealed</em>: its root table holds the checksum of the records before it, so that
/// one flush is enough (a reader that finds the seal broken after a power loss opens the commit before). A bigger
/// commit also flushes its records before writing its slot. A crash or a power loss at any point leaves the previous
/// commit readable.</para>
/// <para><b>Incremental:</b> a node already in the file is found by identity and not written again, so a
/// version that differs from the last committed one by one element appends O(depth) records.</para>
/// <para><b>Reading:</b> opening reads the two header slots and the commit's root table, checks a sealed commit's
/// seal (at most 1 MiB of reading) and maps the committed length: O(1) in the file size. Inner nodes are decoded on first touch, each record is checked
/// (checksum, type, children before parents, counts) when decoded, and every failure is a
/// <see cref="SegmentException"/>.</para>
/// <para><b>Concurrency:</b> one writer per file, whatever name it is opened by (a second writer, in this or another
/// process, fails fast with <see cref="SegmentWriterLockedException"/>; see <c>docs/segment-format.md</c>, "Writer
/// lock", for the mechanism on each platform), any number of readers in any process, never blocked by the writer.
/// A reader sees the commit that was current when it opened or last called <see cref="Refresh"/>;
/// <see cref="SegmentWatcher"/> delivers every commit as it happens. Values read from the file stay readable after
/// <see cref="Dispose"/>: the map they read from lives until they are collected. All members are thread-safe;
/// commits are serialized.</para>
/// </remarks>
public sealed partial class SegmentFile : IDisposable
{
    /// <summary>
    /// Guards every mutable field below. Commits, compaction, <see cref="Refresh"/> and the first
    /// <see cref="Current"/> after a change take it; it is never held while user code (a codec, a callback) runs
    /// outside the commit that called it.
    /// </summary>
    private readonly object _gate = new();

    /// <summary>Where files are opened; immutable.</summary>
    private readonly SegmentStorageSystem _system;

    /// <summary>Durability options; immutable.</summary>
    private readonly SegmentWriteOptions _options;

    /// <summary>The open file. Replaced by <see cref="Refresh"/> (a reader that finds a newer file) and <see cref="Compact()"/>.</summary>
    private SegmentStorage _storage;

    /// <summary>The writer lock (null for a reader, and after <see cref="Dispose"/>).</summary>
    private WriterLock? _lock;

    /// <summary>Writer only: where each node already in the file is (see <see cref="NodeTable"/>).</summary>
    private NodeTable? _table;

    /// <summary>The newest durable commit this instance knows: its header slot and its root table.</summary>
    private HeaderSlot _head;

    /// <summary>See <see cref="_head"/>.</summary>
    private CommitRecord _headCommit;

    /// <summary>A read-only view at least <c>_head.CommittedLength</c> long, or null until <see cref="Current"/> maps one.</summary>
    private MappedView? _view;

    /// <summary>The snapshot of <see cref="_head"/>, made on demand; null after each change.</summary>
    private SegmentSnapshot? _current;

    /// <summary>Writer only: how long the file is with its preallocated zeros (appends below it change no file length).</summary>
    private long _allocated;

    /// <summary>Writer only: a commit failed after it began writing its header; the in-memory head may disagree with the disk, so commits are refused.</summary>
    private bool _faulted;

    private bool _disposed;

    private SegmentFile(SegmentStorageSystem system, SegmentStorage storage, WriterLock? writerLock, SegmentWriteOptions options)
    {
        _system = system;
        _storage = storage;
        _lock = writerLock;
        _options = options;
        FilePath = storage.Path;
        _table = writerLock is null ? null : new NodeTable();
        (_head, _headCommit, _view) = SegmentHead.Load(storage);
        _allocated = writerLock is null ? 0 : storage.Length;
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
                    _current = new SegmentSnapshot(new ReadContext(ViewOfHead(), _table), _headCommit, _head.CommittedLength, _head.FileId);
                }

                return _current;
            }
        }
    }

    /// <summary>Opens an existing segment file for reading. O(1) in the file size. Never blocked by a writer.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SegmentException">The file is not a valid segment file (a typed subclass says why).</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static SegmentFile OpenRead(string path) => OpenRead(path, SegmentStorageSystem.Files);

    /// <summary>Opens a segment file for writing, creating it when it does not exist, with durable commits.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SegmentWriterLockedException">Another writer holds the file (through this or any other name of it).</exception>
    /// <exception cref="SegmentException">The existing file is not a valid segment file.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static SegmentFile OpenWrite(string path) => OpenWrite(path, new SegmentWriteOptions());

    /// <summary>Opens a segment file for writing, creating it when it does not exist.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Durability options.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SegmentWriterLockedException">Another writer holds the file (through this or any other name of it).</exception>
    /// <exception cref="SegmentException">The existing file is not a valid segment file.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static SegmentFile OpenWrite(string path, SegmentWriteOptions options) => OpenWrite(path, options, SegmentStorageSystem.Files);

    /// <summary><see cref="OpenRead(string)"/> on another storage system (the tests' simulated disk).</summary>
    internal static SegmentFile OpenRead(string path, SegmentStorageSystem system)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        var storage = system.OpenRead(path);
        try
        {
            return new SegmentFile(system, storage, null, new SegmentWriteOptions());
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary><see cref="OpenWrite(string, SegmentWriteOptions)"/> on another storage system (the tests' simulated disk).</summary>
    internal static SegmentFile OpenWrite(string path, SegmentWriteOptions options, SegmentStorageSystem system)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        path = Path.GetFullPath(path);
        var (storage, writerLock) = system.OpenWriter(path);
        try
        {
            if (storage.Length == 0)
            {
                SegmentHead.Initialize(storage, options.FlushToDisk);
                system.FlushDirectory(Path.GetDirectoryName(path)!);
            }

            return new SegmentFile(system, storage, writerLock, options);
        }
        catch
        {
            writerLock.Dispose();
            storage.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Looks for a newer commit (made by a writer in any process) and, when there is one, makes it
    /// <see cref="Current"/>. Values opened from older snapshots stay valid. O(1) in the file size (it checks the newest
    /// commit's seal, at most 1 MiB).
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

            var storage = _system.OpenRead(FilePath);
            try
            {
                // The head this reader has is checked already: a refresh that finds it again does not read its seal again.
                var (head, commit, view) = SegmentHead.Load(storage, _head);
                if (head.FileId == _head.FileId && head.CommitNumber == _head.CommitNumber)
                {
                    storage.Dispose();
                    return false;
                }

                (_storage, storage) = (storage, _storage);
                storage.Dispose();
                (_head, _headCommit, _view, _current) = (head, commit, view, null);
                return true;
            }
            catch
            {
                if (!ReferenceEquals(storage, _storage))
                {
                    storage.Dispose();
                }

                throw;
            }
        }
    }

    /// <summary>Every retained commit, newest first, following each commit's link to the previous one. O(commits).</summary>
    /// <remarks>
    /// Commit 0 is listed only while it is the newest. It is not a commit anybody made but the empty state a new
    /// file starts in: it has no root table in the file (only header slot A, which commit 2 overwrites), and
    /// commit 1 links to nothing before it. Once commit 1 exists there is nothing of commit 0 left to open, and
    /// <see cref="OpenCommit"/> of 0 throws like any commit that is not retained. After a compaction the oldest
    /// retained commit is the one the compaction kept.
    /// </remarks>
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

        return record == current.Record ? current : new SegmentSnapshot(current.Context, record, record.End, current.FileId);
    }

    /// <summary>
    /// The retained commits of <paramref name="head"/>'s file numbered above <paramref name="after"/>, oldest first,
    /// ending with <paramref name="head"/> (the watcher's delivery list). O(commits walked).
    /// </summary>
    internal static List<SegmentSnapshot> CommitsAfter(SegmentSnapshot head, long after)
    {
        var result = new List<SegmentSnapshot> { head };
        var record = head.Record;
        while ((long)record.Number > after + 1 && record.Previous != 0)
        {
            record = CommitRecord.Read(head.Context.View, record.Previous, record.Offset, record.Number - 1);
            result.Add(new SegmentSnapshot(head.Context, record, record.End, head.FileId));
        }

        result.Reverse();
        return result;
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
        SegmentCommitBuilder.CheckName(name);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(options);
        return Bind(name, () => container.Version, () => Commit(name, container.Snapshot, codec), options);
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
        SegmentCommitBuilder.CheckName(name);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(keyCodec);
        ArgumentNullException.ThrowIfNull(valueCodec);
        ArgumentNullException.ThrowIfNull(options);
        return Bind(name, () => container.Version, () => Commit(name, container.Snapshot, keyCodec, valueCodec), options);
    }

    /// <summary>Commits <paramref name="set"/> under <paramref name="name"/> with the built-in codec of its element type.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="set">The version to commit.</param>
    /// <returns>The new commit.</returns>
    /// <remarks>See <see cref="SegmentCommitBuilder.SetHashSet{T}(string, PersistentHashSet{T}, ISegmentCodec{T})"/> for how elements are hashed on disk.</remarks>
    public SegmentCommitInfo Commit<T>(string name, PersistentHashSet<T> set) => BeginCommit().SetHashSet(name, set).Commit();

    /// <summary>Commits <paramref name="set"/> under <paramref name="name"/>, encoding elements with <paramref name="codec"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="set">The version to commit.</param>
    /// <param name="codec">The element codec.</param>
    /// <returns>The new commit.</returns>
    public SegmentCommitInfo Commit<T>(string name, PersistentHashSet<T> set, ISegmentCodec<T> codec) => BeginCommit().SetHashSet(name, set, codec).Commit();

    /// <summary>Binds <paramref name="container"/> to root <paramref name="name"/>, with the built-in codec and commits on demand.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="container">The container to commit.</param>
    /// <returns>The binding; dispose it to stop (it commits a last time).</returns>
    public SegmentBinding BindSet<T>(string name, CopyOnWriteSet<T> container) =>
        BindSet(name, container, SegmentCodecs.For<T>(), new SegmentBindingOptions());

    /// <summary>
    /// Binds <paramref name="container"/> to root <paramref name="name"/>: commits on demand or, with
    /// <see cref="SegmentBindingOptions.AutoCommitInterval"/>, on a timer. Whatever the container's comparer, each
    /// commit appends only the paths of the elements that changed since the previous one.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="container">The container to commit.</param>
    /// <param name="codec">The element codec.</param>
    /// <param name="options">Auto-commit options.</param>
    /// <returns>The binding; dispose it to stop.</returns>
    /// <exception cref="InvalidOperationException">The file is open for reading only.</exception>
    public SegmentBinding BindSet<T>(string name, CopyOnWriteSet<T> container, ISegmentCodec<T> codec, SegmentBindingOptions options)
    {
        SegmentCommitBuilder.CheckName(name);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(options);
        return Bind(name, () => container.Version, () => Commit(name, container.Snapshot, codec), options);
    }

    /// <summary>The binding every <c>Bind*</c> method returns: one mechanism for lists, dictionaries and sets.</summary>
    private SegmentBinding Bind(string name, Func<long> version, Func<SegmentCommitInfo> commit, SegmentBindingOptions options)
    {
        ThrowIfDisposed();
        return CanWrite
            ? new SegmentBinding(name, version, commit, options)
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
    public SegmentCommitInfo Compact() => Compact(null);

    /// <summary>Compacts the file as <see cref="Compact()"/> does, telling <paramref name="progress"/> how far the copy got (about every mebibyte).</summary>
    /// <param name="progress">Receives the bytes written to the new file so far and the committed length of this one (an upper bound); or null.</param>
    /// <returns>The newest commit, now the only one in the file.</returns>
    /// <exception cref="InvalidOperationException">The file is open for reading only.</exception>
    public SegmentCommitInfo Compact(IProgress<SegmentCompactionProgress>? progress)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!CanWrite || _faulted)
            {
                throw new InvalidOperationException($"Segment file '{FilePath}' is not open for writing (or a failed commit requires reopening).");
            }

            var view = ViewOfHead();
            string temporary = FilePath + ".compacting";
            var storage = _system.Create(temporary);
            try
            {
                var (moved, head, commit) = Compactor.Copy(view, _headCommit, storage, SegmentHead.NewFileId(), progress);
                if (_options.FlushToDisk)
                {
                    storage.Flush();
                }

                SegmentHead.WriteSlot(storage, head, null);
                if (_options.FlushToDisk)
                {
                    storage.Flush();
                }

                // The new file is locked before its rename makes it the file: no writer can slip in between.
                _lock!.Adopt(storage);
                _system.Move(temporary, FilePath);
                (_storage, storage) = (storage, _storage);
                _table = _table!.Remap(moved);
                (_head, _headCommit, _view, _current) = (head, commit, null, null);
                _allocated = _storage.Length;
                _system.FlushDirectory(Path.GetDirectoryName(FilePath)!);
                return SegmentSnapshot.Info(commit, head.CommittedLength, head.CommittedLength - Format.DataStart);
            }
            finally
            {
                storage.Dispose();
                _system.Delete(temporary);
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
            _lock?.Dispose();
            _storage.Dispose();
            _lock = null;
            _view = null;
            _current = null;
        }
    }

    /// <summary>The commit of <paramref name="changes"/> (null value = remove the root): sealed with one flush, or two-phase when big.</summary>
    internal SegmentCommitInfo CommitCore(IReadOnlyList<(string Name, Func<CommitWriter, long>? Write)> changes)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_faulted)
            {
                throw new InvalidOperationException($"A commit to '{FilePath}' failed while writing its header; dispose this writer and open the file again.");
            }

            var buffer = new RecordBuffer(_storage, _head.CommittedLength, _allocated);
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

            // A small commit is sealed: its commit record carries the checksum of the records before it, so one flush
            // after the slot makes it durable (a reader that finds the seal broken opens the commit before). A big
            // one flushes its records before its slot, as every commit did before version 3 (see Format.SealedCommitLimit).
            CommitSeal? seal = buffer.Position - buffer.Start <= Format.SealedCommitLimit
                ? new CommitSeal(buffer.Start, buffer.Seal())
                : null;
            long commitOffset = CommitRecord.Write(buffer, number, _headCommit.Offset, now, roots, seal);
            buffer.Flush();
            _allocated = buffer.Allocated;
            Fault(FaultPoint.AfterAppend);
            if (_options.FlushToDisk && seal is null)
            {
                _storage.Flush();
            }

            Fault(FaultPoint.BeforeHeader);
            var head = new HeaderSlot(number, buffer.Position, commitOffset, now, _head.FileId, seal.HasValue);
            try
            {
                SegmentHead.WriteSlot(_storage, head, FaultInjector);
                Fault(FaultPoint.AfterHeader);
                if (_options.FlushToDisk)
                {
                    _storage.Flush();
                }
            }
            catch
            {
                _faulted = true;
                throw;
            }

            writer.Publish();
            _head = head;
            _headCommit = new CommitRecord(number, _headCommit.Offset, now, roots, commitOffset, head.CommittedLength, seal);
            _current = null;
            return SegmentSnapshot.Info(_headCommit, head.CommittedLength, head.CommittedLength - buffer.Start);
        }
    }

    private void Fault(FaultPoint point) => FaultInjector?.Invoke(point);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>A view of the head's committed length: the current one when it is long enough, else a new map. Under the gate.</summary>
    private MappedView ViewOfHead()
    {
        if (_view is null || _view.Length < _head.CommittedLength)
        {
            _view = _storage.Map(_head.CommittedLength);
        }

        return _view;
    }
}
