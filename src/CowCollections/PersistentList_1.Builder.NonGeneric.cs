using System;
using System.Collections;
using System.Threading;
using CowCollections.Internal;

namespace CowCollections;

public sealed partial class PersistentList<T>
{
    /// <remarks>
    /// The non-generic <see cref="IList"/> is implemented explicitly, as on <c>ImmutableList&lt;T&gt;.Builder</c>: not
    /// fixed-size, not read-only, not synchronized. Object arguments are checked as <c>List&lt;T&gt;</c> checks them:
    /// null for a non-nullable <typeparamref name="T"/> is an <see cref="ArgumentNullException"/>, another type an
    /// <see cref="ArgumentException"/>; <c>Contains</c>, <c>IndexOf</c> and <c>Remove</c> of another type find nothing.
    /// </remarks>
    public sealed partial class Builder : IList
    {
        private object? _syncRoot;

        bool IList.IsFixedSize => false;

        bool IList.IsReadOnly => false;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => NonGeneric.SyncRoot(ref _syncRoot);

        object? IList.this[int index]
        {
            get => this[index];
            set => this[index] = NonGeneric.Cast<T>(value, nameof(value), nameof(value));
        }

        int IList.Add(object? value)
        {
            Add(NonGeneric.Cast<T>(value, "item", nameof(value)));
            return Count - 1;
        }

        bool IList.Contains(object? value) => NonGeneric.IsCompatible<T>(value) && Contains((T)value!);

        int IList.IndexOf(object? value) => NonGeneric.IsCompatible<T>(value) ? IndexOf((T)value!) : -1;

        void IList.Insert(int index, object? value) => Insert(index, NonGeneric.Cast<T>(value, "item", nameof(value)));

        void IList.Remove(object? value)
        {
            if (NonGeneric.IsCompatible<T>(value))
            {
                Remove((T)value!);
            }
        }

        void ICollection.CopyTo(Array array, int index) => NonGeneric.CopyTo(this, Count, array, index);
    }
}
