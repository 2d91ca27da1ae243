/* Stands for a third-party header: nothing annotated. */
struct vendor_account {
  int id;
  long balance;
};
