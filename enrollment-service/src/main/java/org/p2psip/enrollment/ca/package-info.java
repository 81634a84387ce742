@NullMarked
package org.p2psip.enrollment.ca;

import org.jspecify.annotations.NullMarked;
