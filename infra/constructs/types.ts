/**
 * aws-cdk-lib declares optional members of its classes and of the interfaces
 * they implement slightly differently, which TypeScript's
 * `exactOptionalPropertyTypes` (on in this project) refuses when a class
 * instance is passed where the interface is expected. The instance does
 * implement the interface; this says so in one place.
 */
export function asInterface<T>(instance: T | object): T {
  return instance as T;
}
