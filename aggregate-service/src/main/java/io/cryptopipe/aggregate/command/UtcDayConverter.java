package io.cryptopipe.aggregate.command;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reads a UTC day written {@code YYYY-MM-DD}, with a message that says what was expected. */
public class UtcDayConverter implements ITypeConverter<LocalDate> {

    @Override
    public LocalDate convert(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a day of the form YYYY-MM-DD");
        }
    }
}
