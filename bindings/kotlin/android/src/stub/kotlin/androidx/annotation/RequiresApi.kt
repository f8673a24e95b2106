package androidx.annotation

/**
 * Compile-time stand-in for `androidx.annotation.RequiresApi`, which the generated Android cleaner
 * uses (`android_cleaner = true`). The real one is published only in Google's Maven repository,
 * which this build does not use. Same name, parameters and (class-file) retention; it is never
 * packaged (the jar and the AAR exclude `androidx/`), and apps need no androidx dependency for it.
 */
@MustBeDocumented
@Retention(AnnotationRetention.BINARY)
@Target(
    AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.CONSTRUCTOR,
    AnnotationTarget.FIELD, AnnotationTarget.PROPERTY_GETTER, AnnotationTarget.PROPERTY_SETTER,
    AnnotationTarget.FILE,
)
annotation class RequiresApi(val value: Int = 1, val api: Int = 1)
