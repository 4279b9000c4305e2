using System;
using System.Collections;
using System.Threading;
using CowCollections.Internal;

namespace CowCollections;

public sealed partial class PersistentArray<T>
{
    /// <remarks>
    /// The non-generic <see cref="IList"/> is implemented explicitly with the semantics of a <c>T[]</c>: fixed-size
    /// (<c>Add</c>, <c>Insert</c>, <c>Remove</c> and <c>RemoveAt</c> throw <see cref="NotSupportedException"/>,
    /// <c>Clear</c> sets every element to its default), not read-only, not synchronized. Object arguments are checked
    /// as <c>List&lt;T&gt;</c> checks them: null for a non-nullable <typeparamref name="T"/> is an
    /// <see cref="ArgumentNullException"/>, another type an <see cref="ArgumentException"/>; <c>Contains</c> and
    /// <c>IndexOf</c> of another type find nothing.
    /// </remarks>
    public sealed partial class Builder : IList
    {
        private object? _syncRoot;

        int ICollection.Count => _core.Length;

        bool IList.IsFixedSize => true;

        bool IList.IsReadOnly => false;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => NonGeneric.SyncRoot(ref _syncRoot);

        object? IList.this[int index]
        {
            get => this[index];
            set => this[index] = NonGeneric.Cast<T>(value, nameof(value), nameof(value));
        }

        int IList.Add(object? value) => throw FixedLength();

        void IList.Clear() => Fill(default!);

        bool IList.Contains(object? value) => NonGeneric.IsCompatible<T>(value) && IndexOf((T)value!) >= 0;

        int IList.IndexOf(object? value) => NonGeneric.IsCompatible<T>(value) ? IndexOf((T)value!) : -1;

        void IList.Insert(int index, object? value) => throw FixedLength();

        void IList.Remove(object? value) => throw FixedLength();

        void IList.RemoveAt(int index) => throw FixedLength();

        void ICollection.CopyTo(Array array, int index) => NonGeneric.CopyTo(this, _core.Length, array, index);

        private int IndexOf(T item) => _core.IndexOf(item, 0, _core.Length, System.Collections.Generic.EqualityComparer<T>.Default);

        private static NotSupportedException FixedLength() =>
            new("A PersistentArray<T>.Builder has a fixed length; set elements through the indexer, or use a PersistentList<T>.Builder to add and remove.");
    }
}
