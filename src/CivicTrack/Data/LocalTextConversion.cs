using CivicTrack.Engine.Text;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CivicTrack.Data;

/// <summary>Stores a <see cref="LocalText"/> as its JSON map in one text column.</summary>
public sealed class LocalTextConverter() : ValueConverter<LocalText, string>(t => t.ToJson(), s => LocalText.FromJson(s));

/// <summary>Two names are the same when every language has the same text.</summary>
public sealed class LocalTextComparer() : ValueComparer<LocalText>((a, b) => a == null ? b == null : a.Equals(b), t => t.GetHashCode(), t => t);
