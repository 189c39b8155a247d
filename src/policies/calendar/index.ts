/** Business-hours calendars for service-level deadlines (pure: no clock, no I/O). */
export { ALWAYS_OPEN, createCalendar, type BusinessCalendar, type NormalizedCalendarSpec } from './calendar.js';
export { addBusinessTime, businessTimeBetween, isOpen, nextOpening, workingIntervals, type WorkingInterval } from './business-time.js';
export { WEEKDAYS, type CalendarSpec, type HolidaySpec, type LocalInterval, type WeekSpec, type Weekday } from './spec.js';
