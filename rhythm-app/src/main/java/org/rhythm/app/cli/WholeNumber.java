package org.rhythm.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A whole-number option; {@code 10_000} is taken for {@code 10000}. */
final class WholeNumber implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    try {
      return Integer.parseInt(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
  }
}
